"""Question texts for the demo seeder that the knowledge base cannot answer.

Off-topic chatter (out of scope), travel questions no FAQ entry covers (handed
to staff), and a few that start like a spreadsheet formula, because visitors do
type "-5 degrees?" and a report must survive it.
"""

from __future__ import annotations

UNCOVERED: dict[str, tuple[str, ...]] = {
    "en": (
        "Can I bring my dog on the train in {place}?",
        "Is there a night market in {place}?",
        "Where can I buy Pokemon cards in {place}?",
        "Do you have a brochure in Tagalog for {place}?",
        "Can I rent a kimono for a wedding photo shoot in {place}?",
        "Is {place} good for a honeymoon in March?",
        "Are there direct buses from the airport to {place} at night?",
        "Can I work part-time in {place} with a working holiday visa?",
        "Where is the nearest mosque to the station in {place}?",
        "How crowded is {place} during Golden Week?",
        "Any tour package for {place} with a Thai-speaking guide?",
        "Can wheelchair users visit the castle in {place}?",
        "-5 degrees in {place} in January, is that normal?",
        "+1 for the onsen, which one is best in {place}?",
        # travel concerns (safety, disasters, cost, language, halal, accessibility, weather)
        "Is {place} safe for a woman travelling alone at night?",
        "How often are there earthquakes in {place}, and what do we do if one hits?",
        "How much should we budget per day for a family of four in {place}?",
        "Do taxi drivers in {place} speak English?",
        "Is there a prayer room at the main station in {place}?",
        "Can my elderly mother in a wheelchair join a day tour in {place}?",
        "Will it snow in {place} in December, what should we wear?",
    ),
    "th": (
        "ที่{place}มีตลาดกลางคืนไหม",
        "พาสุนัขขึ้นรถไฟที่{place}ได้ไหม",
        "มีไกด์พูดไทยที่{place}ไหมคะ",
        "ช่วงโกลเด้นวีคที่{place}คนเยอะไหม",
        "{place}ปลอดภัยไหมถ้าผู้หญิงไปเที่ยวคนเดียว",
        "ที่{place}มีแผ่นดินไหวบ่อยไหมคะ",
        "เดือนมกราคมที่{place}หนาวแค่ไหน ต้องใส่อะไร",
    ),
    "id": (
        "Apakah ada masjid dekat stasiun di {place}?",
        "Apakah ada paket tur ke {place} dengan pemandu berbahasa Indonesia?",
        "Bisa sewa kimono untuk foto prewedding di {place}?",
        "Apakah ada restoran halal dan musholla di {place}?",
        "Berapa biaya hotel semalam di {place}?",
        "Apakah {place} aman dari gempa dan tsunami?",
    ),
    "zh": ("{place}有夜市吗？", "在{place}可以带狗坐火车吗？", "{place}黄金周人多吗？"),
    "vi": ("Ở {place} có chợ đêm không?", "Có tour {place} với hướng dẫn viên tiếng Việt không?"),
    "ms": ("Ada masjid berhampiran stesen di {place}?", "Ada pakej pelancongan ke {place}?"),
    "tl": (
        "May night market ba sa {place}?",
        "Puwede bang magdala ng aso sa tren sa {place}?",
        "Magkano ang gastos sa isang linggo sa {place}?",
        "Ligtas ba sa {place} kapag may bagyo?",
    ),
    "ja": ("{place}で犬を電車に乗せられますか？", "{place}に夜市はありますか？"),
    "km": ("តើមានផ្សាររាត្រីនៅ {place} ទេ?",),
}

OFF_TOPIC: dict[str, tuple[str, ...]] = {
    "en": (
        "hello",
        "what is the wifi password here?",
        "can you recommend a good laptop?",
        "who will win the football tonight?",
        '=HYPERLINK("http://example.com","free tickets")',
        "@admin are you a robot?",
        "lol",
    ),
    "th": ("สวัสดีค่ะ", "ขอบคุณครับ"),
    "id": ("halo", "terima kasih"),
    "zh": ("你好", "谢谢"),
    "vi": ("xin chào",),
    "ms": ("terima kasih",),
    "tl": ("salamat po",),
    "ja": ("こんにちは",),
    "km": ("សួស្តី",),
}

STAFF_ANSWERS = (
    "Thank you for asking! Please visit our booth, staff will show you the brochure.",
    "Yes, please check the prefecture's official tourism site for the latest details.",
    "We will send you the information by e-mail after the fair.",
)

NON_TEXT_KINDS = ("sticker", "image", "voice", "location")
