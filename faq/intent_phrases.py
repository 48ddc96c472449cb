"""Short phrase lists for conversation intents, per visitor language (data, not logic).

Written by hand for the bot, from everyday usage in each language; nothing here
comes from the benchmark questions. `faq.intents` compares these after the same
normalisation it applies to a message (case folded, Latin accents dropped, so
"cam on" matches "cảm ơn"). A phrase listed under several languages is simply
ambiguous about the language; the detector then keeps the visitor's language.
"""

from __future__ import annotations

# act -> language -> phrases. Acts: greeting, thanks, bye, ok.
SMALL_TALK: dict[str, dict[str, tuple[str, ...]]] = {
    "greeting": {
        "en": ("hi", "hello", "hey", "hiya", "howdy", "greetings", "good morning",
               "good afternoon", "good evening", "good day", "hi there", "hello there",
               "how are you", "how r u", "how are you doing", "whats up", "sup", "yo"),
        "th": ("sawasdee", "sawadee", "สวัสดี", "หวัดดี", "ดีจ้า", "ดีครับ", "ดีค่ะ", "ฮัลโหล",
               "สวัสดีตอนเช้า", "สบายดีไหม", "สบายดีมั้ย"),
        "id": ("halo", "hai", "selamat pagi", "selamat siang", "selamat sore", "selamat malam",
               "apa kabar", "permisi", "assalamualaikum"),
        "vi": ("xin chao", "chao", "chao ban", "chao buoi sang", "chao buoi toi", "alo",
               "ban khoe khong"),
        "zh": ("ni hao", "nihao", "你好", "您好", "哈喽", "哈囉", "嗨", "早上好", "早安",
               "下午好", "晚上好", "大家好", "你好吗", "你好嗎"),
        "ms": ("helo", "hai", "salam", "assalamualaikum", "selamat pagi", "selamat tengah hari",
               "selamat petang", "selamat malam", "apa khabar"),
        "tl": ("kumusta", "kamusta", "musta", "magandang umaga", "magandang tanghali",
               "magandang hapon", "magandang gabi", "mabuhay"),
        "ja": ("konnichiwa", "konichiwa", "こんにちは", "こんばんは", "おはよう",
               "おはようございます", "はじめまして", "やあ", "ハロー", "もしもし", "お元気ですか"),
        "km": ("សួស្តី", "សួស្ដី", "ជំរាបសួរ", "សុខសប្បាយទេ"),
    },
    "thanks": {
        "en": ("merci", "gracias", "danke", "obrigado", "kamsahamnida", "thanks", "thank you",
               "thank u", "thankyou", "thx", "thnx", "tks", "ty", "many thanks",
               "much appreciated", "appreciate it", "cheers"),
        "th": ("ขอบคุณ", "ขอบใจ", "แต๊งกิ้ว", "แต๊งกิว", "khob khun", "khop khun", "kop khun"),
        "id": ("terima kasih", "terimakasih", "makasih", "makasi", "trims", "tengkyu",
               "hatur nuhun"),
        "vi": ("cam on", "cam ta", "thank"),
        "zh": ("xie xie", "xiexie", "谢谢", "謝謝", "多谢", "多謝", "感谢", "感謝", "谢啦",
               "谢了", "3q"),
        "ms": ("terima kasih", "tq", "tenkiu", "jazakallah"),
        "tl": ("salamat", "maraming salamat", "salamuch"),
        "ja": ("arigato", "arigatou", "domo arigato", "ありがとう", "ありがとうございます",
               "ありがとうございました", "どうもありがとう", "サンキュー", "感謝します",
               "助かりました", "助かります"),
        "km": ("អរគុណ", "សូមអរគុណ", "អរគុណច្រើន"),
    },
    "bye": {
        "en": ("bye", "goodbye", "good bye", "bye bye", "see you", "see ya", "see you later",
               "take care", "have a nice day", "have a good day", "good night", "later"),
        "th": ("ลาก่อน", "บ๊ายบาย", "บายบาย", "บาย", "แล้วพบกันใหม่", "ไปก่อนนะ", "ราตรีสวัสดิ์"),
        "id": ("sampai jumpa", "dadah", "selamat tinggal", "selamat jalan", "sampai nanti"),
        "vi": ("tam biet", "hen gap lai", "bai bai", "chuc ngu ngon"),
        "zh": ("再见", "再見", "拜拜", "回头见", "回頭見", "晚安"),
        "ms": ("selamat tinggal", "jumpa lagi", "selamat jalan", "bai"),
        "tl": ("paalam", "babay", "ingat", "ingat ka", "sa uulitin"),
        "ja": ("さようなら", "さよなら", "バイバイ", "またね", "じゃあね", "じゃあまた",
               "失礼します", "おやすみなさい", "おやすみ"),
        "km": ("លាហើយ", "លាសិនហើយ", "ជួបគ្នាពេលក្រោយ", "បាយបាយ", "រាត្រីសួស្តី"),
    },
    "ok": {
        "en": ("ok", "okay", "okey", "okie", "k", "kk", "alright", "all right", "got it",
               "i see", "sure", "cool", "great", "nice", "noted", "understood", "perfect", "fine",
               "yes", "yeah", "yep", "no problem", "awesome", "good", "wow"),
        "th": ("โอเค", "ตกลง", "ได้เลย", "เข้าใจแล้ว", "รับทราบ", "เยี่ยม", "ดีมาก"),
        "id": ("oke", "oké", "baik", "baiklah", "siap", "sip", "mengerti", "paham", "mantap"),
        "vi": ("duoc", "vang", "da", "hieu roi", "ro roi", "tot qua", "tuyet"),
        "zh": ("好的", "好", "好吧", "明白", "明白了", "知道了", "了解", "没问题", "沒問題",
               "收到", "懂了", "行", "嗯", "嗯嗯", "可以"),
        "ms": ("baik", "baiklah", "faham", "okey", "boleh", "bagus"),
        "tl": ("sige", "oo", "opo", "ayos", "gets", "gets ko", "sige po"),
        "ja": ("わかりました", "分かりました", "了解", "了解です", "オッケー", "はい", "うん",
               "なるほど", "承知しました", "いいね"),
        "km": ("យល់ហើយ", "អូខេ", "បាន", "ល្អ", "ល្អណាស់"),
    },
}  # fmt: skip

# Words that may surround small talk without making it a question: politeness
# particles, "so much", "again", addressing the bot. Any language, any message.
FILLERS: tuple[str, ...] = ("krub", "khrap", "krap", "kha", "so", "much", "very", "a", "lot",
                           "you", "u", "bot", "again", "all", "everyone", "there", "friend",
                           "dear", "oh", "ah", "and", "the", "for", "your", "help", "it", "that",
                           "thats", "is", "really", "a lot", "so much", "very much", "too",
                           "then", "ok then", "guys", "sir", "maam", "miss", "lol", "haha",
                           "hehe", "hmm", "ครับ", "ค่ะ", "คะ", "คับ", "ครัช", "จ้า", "จ้ะ", "จ๊ะ", "นะ",
                           "น้า", "มาก", "มากๆ", "ๆ", "เลย", "ค่า", "ฮะ", "ทุกคน", "นะคะ", "นะครับ",
                           "จ้ะ", "คุณ", "จ้าา", "555", "ya", "yah", "banyak", "kak", "kakak", "min",
                           "nya", "deh", "dong", "sekali", "sama", "semua", "pak", "bu", "mas",
                           "mbak", "lah", "je", "tuan", "puan", "cik", "bang", "ye", "ok",
                           "jumpa", "ban", "nhe", "nha", "a", "nhieu", "rat", "em", "anh", "chi",
                           "ad", "lam", "qua", "啊", "呀", "哦", "喔", "哈", "啦", "了", "您",
                           "你", "非常", "很", "多", "的", "呢", "嘛", "大家", "哈哈", "po", "ho",
                           "naman", "na", "sa", "inyo", "iyo", "ikaw", "lahat", "kayo", "talaga",
                           "din", "です", "ね", "よ", "ございます", "本当に", "ほんとに",
                           "とても", "どうも", "ー", "〜", "さん", "わ", "បាទ", "ចាស", "ណា",
                           "ច្រើន", "អ្នក", "ណាស់", "ហើយ", "ទាំងអស់គ្នា", "បង", "ផង")  # fmt: skip

# Asking for a person: "<talk-to> <person>" (or "<person> <talk-to>" in Japanese),
# as regular-expression alternations per language, over normalised text.
TALK_TO: dict[str, tuple[str, ...]] = {
    "en": (
        r"(?:talk|speak|chat)\s+(?:to|with)",
        r"get\s+in\s+touch\s+with",
        r"(?:connect|transfer|put)\s+me\s+(?:to|with|through\s+to|through)",
        r"(?:i\s+)?(?:want|need|would\s+like|d\s+like)\s+(?:a|an|to\s+see\s+a)",
        r"(?:get|give|call|find)\s+me\s+(?:a|an|the|some)?",
        r"contact",
    ),
    "th": (
        r"(?:คุย|พูด|สนทนา|ปรึกษา|แชท)(?:\s*กับ)",
        r"(?:ติดต่อ|ต่อสาย|ขอสาย|โอนสาย)(?:\s*(?:ไป)?หา)?",
        r"ขอ(?:\s*(?:คุย|พูด)\s*กับ)?",
        r"(?:อยาก|ต้องการ)(?:\s*(?:คุย|พูด)\s*กับ|\s*ได้)",
    ),
    "id": (
        r"(?:bicara|berbicara|ngobrol|bincang|berbincang|chat|ngomong|tanya)"
        r"\s+(?:dengan|sama|ke|kepada)",
        r"(?:hubungi|menghubungi|sambungkan|hubungkan)"
        r"(?:\s+(?:saya|aku))?(?:\s+(?:dengan|ke|sama))?",
        r"(?:mau|minta|butuh|perlu)",
    ),
    "ms": (
        r"(?:bercakap|cakap|berbual|bual|sembang|berborak|borak)\s+(?:dengan|sama|kepada)",
        r"(?:hubungi|sambungkan)(?:\s+saya)?(?:\s+(?:dengan|kepada))?",
        r"(?:nak|mahu|perlu)",
    ),
    "vi": (
        r"(?:noi\s+chuyen|noi|tro\s+chuyen|chat|trao\s+doi)\s+voi",
        r"(?:gap|lien\s+he|ket\s+noi(?:\s+voi)?|chuyen\s+(?:cho|sang))",
        r"(?:muon|can|cho\s+toi|cho\s+minh|cho)",
    ),
    "zh": (r"(?:找|转|轉|转接|轉接|联系|聯繫|联络|跟|和|与|與|接|要|请|請|叫)",),
    "tl": (
        r"(?:makausap|kausapin|makipag\s*usap(?:\s+sa)?|kausap|usap|ikonekta(?:\s+ako)?"
        r"(?:\s+sa)?|tawagan)(?:\s+(?:ang|ng|sa|kay))?",
        r"(?:gusto|kailangan)\s+(?:ko\s+)?(?:ng)?",
    ),
    "km": (
        r"(?:និយាយ|ជជែក|ពិភាក្សា)\s*(?:ជាមួយ|ទៅ|នឹង)?",
        r"(?:ទាក់ទង|ភ្ជាប់|ហៅ)\s*(?:ទៅ|ជាមួយ)?",
        r"(?:ចង់|សុំ|ត្រូវការ)(?:\s*(?:ជួប|បាន))?",
    ),
}
PERSON: dict[str, tuple[str, ...]] = {
    "en": (
        r"(?:(?:a|an|the|some|your|one\s+of\s+the)\s+)?(?:(?:real|live|actual|human)\s+)?"
        r"(?:person|human(?:\s+being)?|people|staff(?:\s+member)?|member\s+of\s+staff|agent|"
        r"someone(?:\s+real)?|somebody(?:\s+real)?|representative|operator|employee|"
        r"attendant|booth\s+staff|real\s+one)",
    ),
    "th": (r"(?:พนักงาน|เจ้าหน้าที่|คนจริง(?:\s*ๆ)?|มนุษย์|แอดมิน|สตาฟ|staff|คน)",),
    "id": (
        r"(?:orang(?:\s+(?:sungguhan|asli|beneran|nyata))?|manusia(?:\s+asli)?|petugas|staf|"
        r"staff|admin|cs|customer\s+service|operator|agen|pegawai|karyawan)",
    ),
    "ms": (
        r"(?:orang(?:\s+sebenar)?|manusia(?:\s+sebenar)?|staf|kakitangan|pegawai|petugas|"
        r"ejen|admin|wakil|operator)",
    ),
    "vi": (
        r"(?:nguoi\s+that|nhan\s+vien(?:\s+tu\s+van)?|tu\s+van\s+vien|nguoi|admin|ai\s+do|"
        r"con\s+nguoi)",
    ),
    "zh": (
        r"(?:人工客服|人工服务|人工|真人|客服|工作人员|工作人員|职员|職員|员工|員工|服务员|"
        r"服務員|活人|人)",
    ),
    "tl": (
        r"(?:(?:isang\s+)?(?:totoong|tunay\s+na)\s+tao|isang\s+tao|tao|staff|ahente|empleyado|"
        r"tauhan|admin|representative|agent|person)",
    ),
    "km": (r"(?:បុគ្គលិក|មនុស្សពិត|មនុស្ស|អ្នកបម្រើ|ភ្នាក់ងារ|នរណាម្នាក់|អ្នកណាម្នាក់|admin)",),
}
# "Is there a real person?": the person comes first, with no talk-to verb before it.
PERSON_THERE: dict[str, tuple[str, ...]] = {
    "en": (
        r"(?:is\s+there|are\s+there|do\s+you\s+have|any)\s+(?:a\s+|an\s+|any\s+)?"
        r"(?:(?:real|live|actual)\s+)?(?:person|human|staff|someone|somebody|people|one)"
        r"(?:\s+(?:i|we)\s+can\s+(?:talk|speak|chat)\s+(?:to|with))?",
    ),
    "zh": (r"有(?:没有|沒有)?(?:真人|人工客服|人工|工作人员|工作人員|客服)",),
    "tl": (r"may\s+(?:tao|totoong\s+tao|staff|ahente)",),
    "vi": (r"co\s+(?:ai|nhan\s+vien|nguoi\s+that)",),
}
# Japanese puts the person first: "スタッフと話したい", "担当者につないでください".
JA_PERSON = (
    r"(?:スタッフ(?:さん)?|係員|係の人|係の方|担当者|担当の方|担当の人|人間|人|"
    r"オペレーター|店員(?:さん)?|有人|生身の人)"
)
JA_TALK = r"(?:と|に|を)\s*(?:話|はな|相談|つな|繋|代わ|かわ|変わ|連絡|会|お願い|呼)"

# A message that is only one of these asks for a person ("human please", "人工").
PERSON_ALONE: dict[str, tuple[str, ...]] = {
    "en": ("human", "a human", "real person", "a real person", "live agent", "agent", "staff",
           "operator", "representative", "talk to staff", "human please", "customer service"),
    "th": ("พนักงาน", "เจ้าหน้าที่", "คนจริง", "แอดมิน"),
    "id": ("petugas", "staf", "cs", "admin", "manusia", "orang asli"),
    "vi": ("nhan vien", "nguoi that", "tu van vien"),
    "zh": ("人工", "人工客服", "真人", "客服", "转人工", "轉人工", "工作人员", "工作人員"),
    "ms": ("kakitangan", "ejen", "staf", "admin"),
    "tl": ("totoong tao", "ahente"),
    "ja": ("スタッフ", "係員", "担当者", "有人対応", "オペレーター"),
    "km": ("បុគ្គលិក", "មនុស្សពិត"),
}  # fmt: skip
# Words allowed after a person request without making it a question.
REQUEST_TAIL: tuple[str, ...] = ("from the booth", "at the booth", "from your team", "ba", "dito",
                                "o do", "o day", "khong", "here", "there", "please", "pls", "plz",
                                "now", "here", "instead", "right now", "asap", "thanks",
                                "thank you", "if possible", "for help", "for a moment", "can i",
                                "may i", "possible", "is that possible", "หน่อย", "ได้ไหม", "ได้มั้ย",
                                "ได้ไหมครับ", "ได้ไหมคะ", "ด้วย", "ที", "ครับ", "ค่ะ", "คะ", "นะ",
                                "จริงๆ", "ได้", "ไหม", "มั้ย", "ตอนนี้", "ya", "dong", "bisa",
                                "bisakah", "tolong", "boleh", "saja", "aja", "sekarang", "kak",
                                "min", "nhe", "nha", "duoc khong", "a", "ngay", "bay gio", "di",
                                "说话", "說話", "聊天", "聊聊", "谈谈", "談談", "对话", "對話",
                                "沟通", "溝通", "吗", "嗎", "可以", "一下", "吧", "好吗", "好嗎",
                                "服务", "服務", "谢谢", "謝謝", "po", "naman", "ngayon", "pwede",
                                "please po", "sana", "បានទេ", "បាន", "ទេ", "ផង", "សូម", "បាទ",
                                "ចាស", "ណា", "ឥឡូវ")  # fmt: skip
